"""Articles as Markdown files under content/: reading, writing, and syncing parsed pages."""
