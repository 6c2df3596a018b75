from django.urls import path

from resources import views

urlpatterns = [
    path("", views.home, name="library_home"),
]
