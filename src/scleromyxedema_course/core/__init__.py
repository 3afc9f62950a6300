"""The leaves every other layer stands on: where content lives, reading it with located
errors, the Markdown subset, the two-faced display objects and the style sheets.

Nothing here imports any other part of the package.
"""
