from django.urls import path, re_path

from . import views

app_name = "public"
KIND = r"(?P<kind>moties|toezeggingen|brieven)"

urlpatterns = [
    path("", views.home, name="home"),
    path("termijnen.ics", views.calendar, name="calendar"),
    re_path(rf"^{KIND}/$", views.item_list, name="list"),
    re_path(rf"^{KIND}/feed/$", views.list_feed, name="list_feed"),
    re_path(rf"^{KIND}/termijnen\.ics$", views.calendar, name="list_calendar"),
    re_path(rf"^{KIND}/(?P<key>[^/]{{1,60}})/feed/$", views.item_feed, name="item_feed"),
    re_path(rf"^{KIND}/(?P<key>[^/]{{1,60}})/$", views.item_detail, name="detail"),
]
