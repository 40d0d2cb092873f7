"""The bundled, fictional demo: a GIS watchlist, a network export and a newsroom served on 127.0.0.1."""
