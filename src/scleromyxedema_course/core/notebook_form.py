"""The form in which lessons are stored, so that opening one in JupyterLab changes nothing.

JupyterLab marks a notebook modified, and its next save rewrites lines, when what it loads
differs from what it would write back:

* the kernel's ``display_name``: Lab writes the installed kernelspec's (``Python 3
  (ipykernel)``) into ``metadata.kernelspec`` as soon as the kernel starts;
* ``metadata.language_info``: Lab writes the running kernel's (its Python version);
* JSON numbers: the browser holds every number as a double and writes ``2.0`` back as ``2``
  (plotly figures store many whole numbers as floats).

:func:`canonical` gives a notebook the form Lab writes back; :func:`match_kernel` fills in the
kernel and Python version of this environment (for a learner's copy).
"""

from __future__ import annotations

import platform

KERNEL_NAME = "python3"


def kernel_display_name(name: str = KERNEL_NAME) -> str:
    """The display name JupyterLab will write for ``name`` (ipykernel's, by default)."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        return KernelSpecManager().get_kernel_spec(name).display_name
    except NoSuchKernel:
        return "Python 3 (ipykernel)"


def _js_numbers(value):
    """Whole floats as ints, as the browser writes them back (within 2**53)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, dict):
        for key in value:
            value[key] = _js_numbers(value[key])
    elif isinstance(value, list):
        for i, item in enumerate(value):
            value[i] = _js_numbers(item)
    return value


def canonical(nb) -> None:
    """Rewrite ``nb`` in place in the form JupyterLab saves it (kernel name, numbers)."""
    spec = nb.metadata.setdefault("kernelspec", {})
    spec.update(name=KERNEL_NAME, display_name=kernel_display_name(), language="python")
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if "data" in out:
                _js_numbers(out["data"])


def match_kernel(nb) -> None:
    """Set ``language_info.version`` to this Python, as the kernel will report it."""
    canonical(nb)
    info = nb.metadata.setdefault("language_info", {"name": "python"})
    info["version"] = platform.python_version()
