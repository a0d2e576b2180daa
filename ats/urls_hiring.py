from django.urls import path

from ats.views import hiring

app_name = "hiring"

urlpatterns = [
    path("interviews/<uuid:interview>/", hiring.book_interview, name="interview-book"),
    path("offers/<uuid:offer>/disclosure/", hiring.disclosure, name="offer-disclosure"),
    path("courses/places/<str:token>/", hiring.course_place, name="course-place"),
]
