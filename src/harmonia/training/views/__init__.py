"""The training pages, grouped as a newcomer looks for them:

- programmes: the list, a programme's page and what people do there (invite, nominate,
  decide, check in, certificates issued);
- setup: the organisers' pages that set a programme up;
- learning: a participant's assessments and feedback, the programme's dashboard;
- joining: the link that ties a participant's place to an account;
- documents: materials, spreadsheets, printouts and calendars;
- certificates: the public verification page and the certificate PDF.

The URLs are training/urls.py (under /training/) and training/certificate_urls.py (under
/certificates/).
"""
