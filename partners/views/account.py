"""The person's own settings; sign-in security itself is allauth's pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from partners.binding import bind
from partners.forms import ProfileForm


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = bind(request, ProfileForm, instance=request.user)
    if request.method == "POST" and form.is_valid():
        # Only the form's own columns: a full save would write back the password hash
        # read at the start of this request over a change made in another tab.
        form.save(commit=False).save(update_fields=list(form.Meta.fields))
        messages.success(request, "Your settings are saved.")
        return redirect("account_profile")
    return render(request, "partners/profile.html", {"form": form})


@login_required
@require_http_methods(["GET"])
def security_log(request):
    events = request.user.security_events.all()
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "partners/security_log.html", {"page": page})
