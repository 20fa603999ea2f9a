from django.urls import path

from api.v1.private.pins import views

urlpatterns = [
    path("pins/", views.StaffPinList.as_view(), name="staff-pin-list"),
    path("pins/<int:pk>/", views.StaffPinDetail.as_view(), name="staff-pin-detail"),
    path("pins/<int:pk>/assign/", views.StaffPinAssign.as_view(), name="staff-pin-assign"),
    path("pins/<int:pk>/status/", views.StaffPinStatus.as_view(), name="staff-pin-status"),
    path("pins/<int:pk>/notes/", views.StaffPinNote.as_view(), name="staff-pin-notes"),
]
