import uuid

from django.shortcuts import redirect, render
from django.utils import timezone

from .forms import VisiteForm
from .models import Visite


def visite_nouvelle(request):
    initial = {
        "jeton": uuid.uuid4(),
        "date_heure": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "canal": "sur_place",
    }
    form = VisiteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        d["motif"] = ",".join(d.pop("motifs"))
        visite = Visite.objects.create(**d)
        return redirect(f"/visite/{visite.pk}/")
    return render(request, "plancher/visite_form.html", {"form": form})
