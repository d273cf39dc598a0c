"""Pages of the directives app: plain function views, full page first, HTMX fragments second."""
