from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics

from api.v1.public import serializers
from api.views import GeoJSONListView
from maps import filters
from maps.models import Area, Centre, Greenery, PlannedWork, Playground
from maps.selectors import areas_geojson, layer_geojson

list_schema = extend_schema_view(get=extend_schema(tags=["map layers"]))


@list_schema
class AreaList(GeoJSONListView):
    """The municipality, its districts and neighbourhoods as GeoJSON (CBS / Kadaster)."""

    queryset = Area.objects.all()
    serializer_class = serializers.AreaSerializer
    filterset_class = filters.AreaFilterSet
    selector = areas_geojson
    cache_seconds = 3600


@list_schema
class AreaDetail(generics.RetrieveAPIView):
    """One area by its CBS code."""

    queryset = Area.objects.select_related("parent")
    serializer_class = serializers.AreaSerializer
    lookup_field = "code"


class LayerList(GeoJSONListView):
    selector = layer_geojson


@list_schema
class PlaygroundList(LayerList):
    """Playgrounds as GeoJSON (demo content has is_demo=true)."""

    queryset = Playground.objects.all()
    serializer_class = serializers.PlaygroundSerializer
    filterset_class = filters.PlaygroundFilterSet


@list_schema
class PlaygroundDetail(generics.RetrieveAPIView):
    queryset = Playground.objects.all()
    serializer_class = serializers.PlaygroundSerializer


@list_schema
class GreeneryList(LayerList):
    """Greenery (parks, grass, woodland, gardens) as GeoJSON."""

    queryset = Greenery.objects.all()
    serializer_class = serializers.GreenerySerializer
    filterset_class = filters.GreeneryFilterSet


@list_schema
class GreeneryDetail(generics.RetrieveAPIView):
    queryset = Greenery.objects.all()
    serializer_class = serializers.GreenerySerializer


@list_schema
class PlannedWorkList(LayerList):
    """Planned works (renovation, demolition, new build, sewer, street, green) as GeoJSON."""

    queryset = PlannedWork.objects.all()
    serializer_class = serializers.PlannedWorkSerializer
    filterset_class = filters.PlannedWorkFilterSet


@list_schema
class PlannedWorkDetail(generics.RetrieveAPIView):
    queryset = PlannedWork.objects.select_related("owner")
    serializer_class = serializers.PlannedWorkSerializer


@list_schema
class CentreList(LayerList):
    """Neighbourhood information centres with opening and consultation hours, as GeoJSON."""

    queryset = Centre.objects.all()
    serializer_class = serializers.CentreSerializer
    filterset_class = filters.CentreFilterSet


@list_schema
class CentreDetail(generics.RetrieveAPIView):
    queryset = Centre.objects.all()
    serializer_class = serializers.CentreSerializer
