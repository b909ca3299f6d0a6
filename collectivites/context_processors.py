def collectivite(request):
    return {"collectivite": getattr(request, "collectivite", None)}
