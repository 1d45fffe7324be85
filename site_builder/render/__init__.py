"""The site's files from the articles: Jinja2 pages, feeds, sitemaps, JSON-LD, the search index."""
