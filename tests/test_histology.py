"""The dermis schematic: reproducible, and each condition differs where the sources say."""

import plotly.io as pio
import pytest

from scleromyxedema_course import plots
from scleromyxedema_course.histology import figures as ph
from scleromyxedema_course.histology import model as h
from scleromyxedema_course.histology import svg


@pytest.fixture(scope="module")
def secs():
    return {c: h.section(c, seed=3) for c in h.CONDITIONS}


@pytest.mark.parametrize("condition", h.CONDITIONS)
def test_same_seed_same_section_and_other_seed_differs(condition):
    a, b, c = h.section(condition, 5), h.section(condition, 5), h.section(condition, 6)
    for name in ("bundles", "fibroblasts", "mucin", "vessels", "lymphocytes"):
        assert getattr(a, name) == getattr(b, name)
    assert a.bundles != c.bundles


def test_fibroblasts_are_increased_only_in_scleromyxedema(secs):
    sm = secs["scleromyxedema"].fibroblast_count
    for other in ("normal", "scleredema", "pretibial-myxoedema", "systemic-sclerosis"):
        assert sm > 2 * secs[other].fibroblast_count
    # Scleredema and pretibial myxoedema: no increase over normal skin.
    assert secs["scleredema"].fibroblast_count <= secs["normal"].fibroblast_count
    assert secs["pretibial-myxoedema"].fibroblast_count <= secs["normal"].fibroblast_count


def test_no_mucin_in_normal_skin_and_systemic_sclerosis(secs):
    assert secs["normal"].mucin_area == 0
    assert secs["systemic-sclerosis"].mucin_area == 0
    for c in ("scleromyxedema", "scleredema", "pretibial-myxoedema"):
        assert secs[c].mucin_area > 0


def test_where_the_mucin_sits(secs):
    # Scleromyxedema: superficial and mid dermis; scleredema: mostly deep.
    assert max(h.column(secs["scleromyxedema"].mucin, 1)) <= 0.65 * secs["scleromyxedema"].depth
    assert secs["scleredema"].mucin_depth_fraction() > 0.6
    assert secs["scleromyxedema"].mucin_depth_fraction() < 0.45
    # Pretibial myxoedema: throughout the dermis, and the most mucin of all.
    pm = secs["pretibial-myxoedema"]
    depths = h.column(pm.mucin, 1)
    assert min(depths) < 0.15 * pm.depth and max(depths) > 0.85 * pm.depth
    assert pm.mucin_area == max(s.mucin_area for s in secs.values())


def test_collagen_differences(secs):
    # Thick dermis in scleredema and systemic sclerosis.
    assert secs["scleredema"].depth > secs["normal"].depth
    assert secs["systemic-sclerosis"].depth > secs["normal"].depth
    # Systemic sclerosis: thickest bundles and most collagen; myxoedema: thin wisps.
    assert secs["systemic-sclerosis"].bundle_width == max(s.bundle_width for s in secs.values())
    assert secs["systemic-sclerosis"].collagen_area == max(s.collagen_area for s in secs.values())
    assert secs["pretibial-myxoedema"].bundle_width < secs["normal"].bundle_width
    assert secs["pretibial-myxoedema"].collagen_area < secs["normal"].collagen_area
    # Scleromyxedema: fibrosis, more collagen than normal skin.
    assert secs["scleromyxedema"].collagen_area > secs["normal"].collagen_area


def test_lymphocytes_only_in_scleromyxedema(secs):
    assert len(secs["scleromyxedema"].lymphocytes) > 0
    assert all(len(s.lymphocytes) == 0 for c, s in secs.items() if c != "scleromyxedema")


def test_everything_stays_inside_the_section(secs):
    for s in secs.values():
        for rows, kx, ky in ((s.fibroblasts, 0, 1), (s.mucin, 0, 1), (s.bundles, 0, 1),
                             (s.bundles, 2, 3)):
            for row in rows:
                assert 0 <= row[kx] <= h.WIDTH
                assert 0 <= row[ky] <= s.depth


@pytest.mark.parametrize("bad", [("eczema", 0), ("normal", -1), ("normal", 1.5)])
def test_bad_input_is_named(bad):
    with pytest.raises(h.HistologyError, match=str(bad[0]) if bad[0] == "eczema" else "seed"):
        h.section(*bad)


def test_stain_changes_colours_only():
    a = ph.section_figure("scleromyxedema", "he", 1)
    b = ph.section_figure("scleromyxedema", "alcian-blue", 1)
    assert [t.name for t in a.data] == [t.name for t in b.data]
    mucin_a = next(t for t in a.data if t.name == "Mucin")
    mucin_b = next(t for t in b.data if t.name == "Mucin")
    assert list(mucin_a.x) == list(mucin_b.x)
    assert mucin_a.marker.color != mucin_b.marker.color
    with pytest.raises(ph.StainError, match="colloidal-iron"):
        ph.section_figure("normal", "giemsa")


def test_figures_are_labelled_schematic_light_and_deterministic():
    for fig in (ph.grid_figure("he"), ph.section_figure("scleredema", "colloidal-iron")):
        assert ph.SCHEMATIC in fig.layout.title.text
        assert plots.alt_text(fig).startswith(ph.SCHEMATIC)
        assert len(pio.to_json(fig)) < 120_000
        assert len(fig.data) < 40
    assert pio.to_json(ph.grid_figure("he", 2)) == pio.to_json(ph.grid_figure("he", 2))


@pytest.mark.parametrize("stain, name", sorted(svg.FILES.items()))
def test_committed_quiz_images_equal_a_fresh_rendering(stain, name):
    committed = (svg.figure_dir() / name).read_text(encoding="utf-8")
    assert committed == svg.panels_svg(stain), (
        f"assets/figures/histology/{name} is stale: run "
        "`python -c 'from scleromyxedema_course.histology import svg; svg.write_all()'`"
    )
    assert "Schematic, not a micrograph" in committed


def test_panel_letters_are_a_fixed_shuffle():
    assert sorted(svg.PANEL_ORDER) == sorted(h.CONDITIONS)
    assert svg.PANEL_ORDER != h.CONDITIONS
    assert svg.panel_letter("scleromyxedema") == "B"


def test_viewer_static_face_shows_every_condition_without_javascript():
    from scleromyxedema_course.histology import tool as widgets

    page = widgets.static_html()
    assert "<script" not in page
    for condition in h.CONDITIONS:  # the GA-like variant has its own figure in the lesson
        assert h.LABELS[condition] in page
    assert "Schematic, not a micrograph" in page
    tool = widgets.Viewer()
    tool.condition.value = "scleredema"
    tool.stain.value = "colloidal-iron"
    assert "Scleredema" in tool.output.outputs[0]["data"][
        "application/vnd.plotly.v1+json"]["layout"]["title"]["text"]
    assert widgets.viewer()._repr_mimebundle_()["text/html"] == page


def test_viewer_redraws_into_its_own_output():
    from scleromyxedema_course.histology import tool as widgets

    box = widgets.Viewer()
    first = box.output.outputs[0]["data"]["application/vnd.plotly.v1+json"]
    assert "Scleromyxedema" in first["layout"]["title"]["text"]
    box.condition.value = "systemic-sclerosis"
    assert len(box.output.outputs) == 1
    again = box.output.outputs[0]["data"]["application/vnd.plotly.v1+json"]
    assert "Systemic sclerosis" in again["layout"]["title"]["text"]


def test_the_ga_like_variant_differs_from_its_section_only_by_histiocytes():
    classic, ga = h.section("scleromyxedema", 4), h.section("scleromyxedema-ga-like", 4)
    for name in ("bundles", "fibroblasts", "mucin", "vessels", "lymphocytes"):
        assert getattr(classic, name) == getattr(ga, name)
    assert len(classic.histiocytes) == 0 and len(ga.histiocytes) > 20
    x, y = h.column(ga.histiocytes, 0), h.column(ga.histiocytes, 1)
    assert min(x) >= 0 and max(x) <= h.WIDTH and min(y) > 0 and max(y) < ga.depth
    assert all(len(h.section(c, 4).histiocytes) == 0 for c in h.CONDITIONS)


def test_the_ga_like_variant_is_drawn_named_and_offered_in_the_viewer():
    fig = ph.grid_figure("he", conditions=("scleromyxedema", "scleromyxedema-ga-like"))
    assert fig.layout.title.text.startswith("Two dermis sections")
    assert "epithelioid histiocytes" in plots.alt_text(fig)
    names = [t.name for t in fig.data]
    assert names.count("Epithelioid histiocytes (CD68+)") == 1  # only the right panel
    with pytest.raises(h.HistologyError, match="scleromyxedema-ga-like"):
        h.section("granuloma-annulare")
    from scleromyxedema_course.histology import tool as widgets

    box = widgets.Viewer()
    box.condition.value = "scleromyxedema-ga-like"
    drawn = box.output.outputs[0]["data"]["application/vnd.plotly.v1+json"]
    assert "GA-like pattern" in drawn["layout"]["title"]["text"]


@pytest.mark.parametrize("stain", list(svg.FILES))
def test_quiz_panels_and_figures_draw_with_the_same_stain_colours(stain):
    pal = h.palette(stain)
    assert ph.palette(stain) is pal  # one definition, in the pure model
    drawn = svg.panels_svg(stain)
    assert f'fill="{pal.mucin}" fill-opacity="{pal.mucin_opacity}"' in drawn
    assert f'stroke="{pal.collagen}"' in drawn and f'fill="{pal.nuclei}"' in drawn
