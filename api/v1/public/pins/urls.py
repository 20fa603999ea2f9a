from django.urls import path

from api.v1.public.pins import views
from participatie.pins import converters  # noqa: F401  (registers <pin:…>)

urlpatterns = [
    path("pins/", views.PinListCreate.as_view(), name="pin-list"),
    path("pins/similar/", views.PinSimilar.as_view(), name="pin-similar"),
    path("pins/<pin:public_id>/", views.PinDetail.as_view(), name="pin-detail"),
    path("pins/<pin:public_id>/support/", views.PinSupport.as_view(), name="pin-support"),
    path("pins/<pin:public_id>/comments/", views.PinCommentCreate.as_view(), name="pin-comments"),
    path("pins/<pin:public_id>/report/", views.PinReport.as_view(), name="pin-report"),
    path("comments/<int:pk>/report/", views.CommentReport.as_view(), name="comment-report"),
    path("me/pins/", views.MyPinList.as_view(), name="my-pin-list"),
    path("categories/", views.CategoryList.as_view(), name="category-list"),
]
