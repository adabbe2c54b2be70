from django.urls import path

from .views import documents, joining, learning, programmes, setup

app_name = "training"
urlpatterns = [
    path("", programmes.programme_list, name="list"),
    path("new/", setup.new_programme, name="new"),
    path("join/<str:token>/", joining.join, name="join"),
    path("calendar/<str:token>.ics", documents.my_calendar, name="my_calendar"),
    path("materials/<int:pk>/", documents.material, name="material"),
    path("<int:pk>/", programmes.programme_detail, name="programme"),
    path("<int:pk>/invite/", programmes.invite, name="invite"),
    path("<int:pk>/nominate/", programmes.nominate, name="nominate"),
    path("<int:pk>/decide/", programmes.decide, name="decide"),
    path("<int:pk>/check-in/", programmes.check_in, name="check_in"),
    path("<int:pk>/certificates/", programmes.issue, name="issue"),
    path("<int:pk>/actions/", programmes.add_action, name="add_action"),
    path("<int:pk>/follow-ups/", programmes.follow_up, name="follow_up"),
    path("<int:pk>/setup/", setup.setup, name="setup"),
    path("<int:pk>/setup/partners/", setup.add_partner, name="add_partner"),
    path("<int:pk>/setup/modules/", setup.add_module, name="add_module"),
    path("<int:pk>/setup/sessions/", setup.add_session, name="add_session"),
    path("<int:pk>/setup/materials/", setup.add_material, name="add_material"),
    path("<int:pk>/setup/questions/", setup.add_question, name="add_question"),
    path("<int:pk>/setup/indicators/", setup.add_indicator, name="add_indicator"),
    path("<int:pk>/setup/announcements/", setup.announce, name="announce"),
    path("<int:pk>/setup/remove/", setup.remove, name="remove"),
    path(
        "<int:pk>/assessments/<int:module>/<str:kind>/",
        learning.assessment,
        name="assessment",
    ),
    path("<int:pk>/feedback/", learning.give_feedback, name="feedback"),
    path("<int:pk>/dashboard/", learning.dashboard_page, name="dashboard"),
    path("<int:pk>/export/<str:what>.xlsx", documents.export, name="export"),
    path("<int:pk>/badges.pdf", documents.badges, name="badges"),
    path("<int:pk>/participants.pdf", documents.participant_list, name="participant_list"),
    path("<int:pk>/calendar.ics", documents.calendar, name="calendar"),
]
