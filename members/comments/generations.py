"""The page cache's generation of each page's comments (site_pages.page_cache): what a person is
shown of them is kept under it (members.comments.context), and every change of one of them starts
a new one, from the signals (a comment saved or deleted, its author renamed) and from the services'
update() calls."""

from site_pages.page_cache import bump


def comments_generation(page_id):
    return f"comments:{page_id}"


def comments_changed(page_ids):
    """What the pages `page_ids` show of their comments changed: read it again."""
    bump(*(comments_generation(page_id) for page_id in set(page_ids)))
