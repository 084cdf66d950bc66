from django.urls import path

from . import views

app_name = "alerts"
urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path("bevestigen/<str:token>/", views.confirm, name="confirm"),
    path("instellingen/<str:token>/", views.manage, name="manage"),
    path("afmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("stoppen/<str:token>/", views.stop, name="stop"),
]
