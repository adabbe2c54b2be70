from django.urls import path

from . import document_pages, join_pages, learning_pages, pages, setup_pages

app_name = "training"
urlpatterns = [
    path("", pages.programme_list, name="list"),
    path("new/", setup_pages.new_programme, name="new"),
    path("join/<str:token>/", join_pages.join, name="join"),
    path("calendar/<str:token>.ics", document_pages.my_calendar, name="my_calendar"),
    path("materials/<int:pk>/", document_pages.material, name="material"),
    path("<int:pk>/", pages.programme_detail, name="programme"),
    path("<int:pk>/invite/", pages.invite, name="invite"),
    path("<int:pk>/nominate/", pages.nominate, name="nominate"),
    path("<int:pk>/decide/", pages.decide, name="decide"),
    path("<int:pk>/check-in/", pages.check_in, name="check_in"),
    path("<int:pk>/certificates/", pages.issue, name="issue"),
    path("<int:pk>/actions/", pages.add_action, name="add_action"),
    path("<int:pk>/follow-ups/", pages.follow_up, name="follow_up"),
    path("<int:pk>/setup/", setup_pages.setup, name="setup"),
    path("<int:pk>/setup/partners/", setup_pages.add_partner, name="add_partner"),
    path("<int:pk>/setup/modules/", setup_pages.add_module, name="add_module"),
    path("<int:pk>/setup/sessions/", setup_pages.add_session, name="add_session"),
    path("<int:pk>/setup/materials/", setup_pages.add_material, name="add_material"),
    path("<int:pk>/setup/questions/", setup_pages.add_question, name="add_question"),
    path("<int:pk>/setup/indicators/", setup_pages.add_indicator, name="add_indicator"),
    path("<int:pk>/setup/announcements/", setup_pages.announce, name="announce"),
    path("<int:pk>/setup/remove/", setup_pages.remove, name="remove"),
    path(
        "<int:pk>/assessments/<int:module>/<str:kind>/",
        learning_pages.assessment,
        name="assessment",
    ),
    path("<int:pk>/feedback/", learning_pages.give_feedback, name="feedback"),
    path("<int:pk>/dashboard/", learning_pages.dashboard_page, name="dashboard"),
    path("<int:pk>/export/<str:what>.xlsx", document_pages.export, name="export"),
    path("<int:pk>/badges.pdf", document_pages.badges, name="badges"),
    path("<int:pk>/participants.pdf", document_pages.participant_list, name="participant_list"),
    path("<int:pk>/calendar.ics", document_pages.calendar, name="calendar"),
]
