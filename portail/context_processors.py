from .navigation import entrees_pour


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    chemin = request.path
    entrees = entrees_pour(user)
    for e in entrees:
        e["courante"] = chemin == e["url"] or (e["url"] != "/" and chemin.startswith(e["url"]))
    return {"navigation": entrees}
