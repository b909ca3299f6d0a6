from django.core.paginator import Paginator

PAR_PAGE = 25


def paginer(request, queryset, par_page=PAR_PAGE):
    """The page asked for in ``?page=`` (the last one when out of range), for every list of the app."""
    return Paginator(queryset, par_page).get_page(request.GET.get("page"))
