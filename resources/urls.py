from django.urls import path

from resources.views import library, reading

urlpatterns = [
    path("", library.home, name="library_home"),
    path("search/", library.search, name="library_search"),
    path("category/<slug:slug>/", library.category, name="library_category"),
    path(
        "suggestions/<uuid:public_id>/",
        reading.suggestion_link,
        name="library_suggestion",
    ),
    path(
        "suggestions/<uuid:public_id>/open/",
        reading.open_suggestion,
        name="library_open_suggestion",
    ),
    path("<slug:slug>/", library.article, name="library_article"),
    path("<slug:slug>/read/", reading.mark_read, name="library_mark_read"),
    path("<slug:slug>/suggest/", reading.suggest, name="library_suggest"),
]
