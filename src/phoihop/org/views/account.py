from django.contrib.auth import views as auth_views
from django.http import Http404

login_view = auth_views.LoginView.as_view()
logout_view = auth_views.LogoutView.as_view()
password_reset = auth_views.PasswordResetView.as_view()
password_reset_done = auth_views.PasswordResetDoneView.as_view()
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view()
password_reset_complete = auth_views.PasswordResetCompleteView.as_view()
password_change = auth_views.PasswordChangeView.as_view()


def _missing(request, *args, **kwargs):
    raise Http404


profile = token_create = token_revoke = _missing
