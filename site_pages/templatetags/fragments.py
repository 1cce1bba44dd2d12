"""`{% fragment key %}…{% endfragment %}`: a part of a page kept in the page cache under `key`, a
key built in Python by site_pages.fragments.fragment_key (None: rendered every time)."""

from django import template

from site_pages.fragments import render_fragment

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, key):
        self.nodelist = nodelist
        self.key = key

    def render(self, context):
        return render_fragment(self.key.resolve(context), context.get("request"), lambda: self.nodelist.render(context))


@register.tag
def fragment(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% fragment %} takes one argument: the key")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, parser.compile_filter(bits[1]))
