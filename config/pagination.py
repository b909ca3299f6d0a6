from django.core.paginator import Paginator

PAR_PAGE = 25


def paginer(request, queryset, par_page=PAR_PAGE, parametre="page"):
    """The page asked for in ``?page=`` (the last one when out of range), for every list of the app. A page holding
    several lists gives each its own ``parametre`` (``?page_commentaires=``…) and passes it to pagination.html."""
    page = Paginator(queryset, par_page).get_page(request.GET.get(parametre))
    page.parametre = parametre
    return page
