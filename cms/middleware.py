class IgnoreBrowserLanguageMiddleware:
    """The handbook speaks Vietnamese unless the person picks another language with the switch.

    Many members' phones are set to English; Django's LocaleMiddleware would follow the
    browser's Accept-Language, so it is dropped before LocaleMiddleware reads it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
