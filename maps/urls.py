from django.urls import path

from maps import views

urlpatterns = [
    path("", views.map_page, name="map"),
    path("gebieden/", views.area_list, name="area-list"),
    path("gebieden/<slug:code>/", views.area_detail, name="area-detail"),
]
