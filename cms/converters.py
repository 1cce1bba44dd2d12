from django.urls import register_converter


class ObjectIdConverter:
    """`<id:...>` in our URLs: a database id, so at most what a bigint holds; anything longer is a 404.

    Django guards lookups on an integer primary key against out-of-range values, but not
    lookups through a relation: a page subclass's key is `page_ptr`, and SQLite raises
    OverflowError on `MeetingPage.objects.get(pk=10**21)`. Refusing at the URL keeps every
    view, ours and any to come, out of that. Wagtail's own URLs look up by plain integer
    keys, which Django guards (tests/cms/test_bad_input.py checks them all).
    """

    BIGINT_MAX = 2**63 - 1
    regex = "[0-9]{1,19}"

    def to_python(self, value):
        number = int(value)
        if number > self.BIGINT_MAX:
            # Django's documented "no match": the resolver goes on and ends in a 404.
            raise ValueError(value)
        return number

    def to_url(self, value):
        return str(value)


# Registered when first imported (by cms.urls), once: the URLconf may be reloaded, and Django
# deprecates registering a converter name twice.
register_converter(ObjectIdConverter, "id")
