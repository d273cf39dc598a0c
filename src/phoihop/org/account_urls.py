from django.urls import path

from .views import account, twofactor

urlpatterns = [
    path("login/", account.login_view, name="login"),
    path("logout/", account.logout_view, name="logout"),
    path("password-reset/", account.password_reset, name="password_reset"),
    path("password-reset/done/", account.password_reset_done, name="password_reset_done"),
    path("reset/<uidb64>/<token>/", account.password_reset_confirm, name="password_reset_confirm"),
    path("reset/done/", account.password_reset_complete, name="password_reset_complete"),
    path("password-change/", account.password_change, name="password_change"),
    path("two-factor/", twofactor.verify, name="two_factor_verify"),
    path("two-factor/setup/", twofactor.setup, name="two_factor_setup"),
    path("two-factor/disable/", twofactor.disable, name="two_factor_disable"),
    path("profile/", account.profile, name="profile"),
    path("profile/tokens/", account.token_create, name="token_create"),
    path("profile/tokens/<int:pk>/revoke/", account.token_revoke, name="token_revoke"),
]
