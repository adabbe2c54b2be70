"""Catalogue: bodies, documents with their titles and identifiers, ICS, committees.

Models stay thin: importing, exporting and querying live in services and importers.
Vocabularies (stage codes, document types, relation types) are data tables seeded
from fixtures that cite their source, so a national body can add its own rows.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Stage(models.Model):
    """A stage (XX) or sub-stage (YY) of the ISO harmonized stage code system."""

    KIND_CHOICES = [("stage", _("stage")), ("substage", _("sub-stage"))]
    kind = models.CharField(max_length=10, choices=KIND_CHOICES)
    code = models.CharField(max_length=2)
    name = models.CharField(max_length=100)
    source = models.TextField()

    class Meta:
        unique_together = [("kind", "code")]
        ordering = ["kind", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class StageCode(models.Model):
    """A harmonized stage code such as 60.60 (International Standard published)."""

    code = models.CharField(max_length=5, primary_key=True)
    name = models.CharField(max_length=200)
    stage = models.CharField(max_length=2, db_index=True)
    substage = models.CharField(max_length=2)
    source = models.TextField()

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_withdrawn(self) -> bool:
        return self.stage == "95"

    @property
    def is_published(self) -> bool:
        return self.stage in {"60", "90"} and self.code != "60.00"


class DocumentType(models.Model):
    """A kind of deliverable (international-standard, technical-report, ...)."""

    slug = models.SlugField(max_length=60, primary_key=True)
    name = models.CharField(max_length=100)
    abbreviation = models.CharField(max_length=20, blank=True)
    source = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RelationType(models.Model):
    """A typed edge between documents, with the phrase for each direction."""

    slug = models.SlugField(max_length=40, primary_key=True)
    name = models.CharField(max_length=100)
    inverse_name = models.CharField(max_length=100)
    source = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.name


class Body(models.Model):
    """ISO, IEC, a regional body or a national standards body: the tenants."""

    KIND_CHOICES = [
        ("international", _("international")),
        ("regional", _("regional")),
        ("national", _("national")),
        ("other", _("other")),
    ]
    code = models.CharField(max_length=40, unique=True)
    acronym = models.CharField(max_length=40, blank=True)
    name = models.CharField(max_length=255)
    kind = models.CharField(max_length=20, choices=KIND_CHOICES, default="other")
    country = models.CharField(max_length=100, blank=True)
    country_code = models.CharField(max_length=2, blank=True, db_index=True)
    iso_category = models.CharField(max_length=40, blank=True)
    iec_category = models.CharField(max_length=40, blank=True)
    iso_opendata_id = models.CharField(max_length=20, blank=True)
    # The body's name in other languages, {"vi": "..."}: shown to readers of that language.
    names = models.JSONField(default=dict, blank=True)
    # Where each field came from: {"name": "iso_member_bodies_derived.csv (2022)", ...}
    field_sources = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name_plural = _("bodies")

    def __str__(self) -> str:
        return self.acronym or self.code


class ICS(models.Model):
    """A code of the International Classification for Standards (7th edition)."""

    code = models.CharField(max_length=12, primary_key=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    level = models.PositiveSmallIntegerField()
    title_en = models.TextField()
    title_fr = models.TextField(blank=True)
    scope_en = models.TextField(blank=True)
    scope_fr = models.TextField(blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "ICS"
        verbose_name_plural = "ICS"

    def __str__(self) -> str:
        return f"{self.code} {self.title_en}"

    def get_absolute_url(self) -> str:
        return reverse("catalogue:ics", args=[self.code])


class Committee(models.Model):
    """A technical committee, sub-committee or other group responsible for documents."""

    reference = models.CharField(max_length=100, unique=True)
    body = models.ForeignKey(Body, null=True, blank=True, on_delete=models.PROTECT)
    title = models.CharField(max_length=500, blank=True)
    kind = models.CharField(max_length=40, blank=True)
    # From ISO Open Data (harmonia import committees); blank for national committees.
    iso_id = models.PositiveIntegerField(null=True, blank=True, unique=True)
    status = models.CharField(max_length=20, blank=True)
    title_fr = models.CharField(max_length=500, blank=True)
    scope = models.TextField(blank=True, help_text="Plain text; the source's HTML removed")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    secretariat = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.SET_NULL, related_name="secretariats"
    )
    created_on = models.DateField(null=True, blank=True)
    # A national mirror committee follows these international ones (one ISO committee
    # may be mirrored by several national committees).
    mirrors = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="mirrored_by"
    )

    class Meta:
        ordering = ["reference"]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("committees:committee", args=[self.reference])


class Document(models.Model):
    """A published or draft deliverable: a standard, amendment, report, guide..."""

    identifier = models.CharField(max_length=255, unique=True)
    # harmonia.identifiers.canonical_key: every spelling of the identifier meets here
    key = models.CharField(max_length=255, db_index=True, default="")
    # harmonia.identifiers.work_key: the same for every edition (ISO 14001:2004 and :2015)
    work = models.CharField(max_length=255, db_index=True, default="", blank=True)
    publisher = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="documents")
    copublishers = models.JSONField(default=list, blank=True)
    doctype = models.ForeignKey(DocumentType, on_delete=models.PROTECT)
    number = models.CharField(max_length=60, blank=True)
    edition = models.CharField(max_length=20, blank=True)
    languages = models.JSONField(default=list, blank=True)
    title = models.TextField(blank=True, help_text="Display title (English where held)")
    stage = models.ForeignKey(StageCode, null=True, blank=True, on_delete=models.PROTECT)
    status = models.CharField(max_length=40, blank=True, help_text="Status as the source says")
    published = models.CharField(max_length=10, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True, db_index=True)
    dates = models.JSONField(default=list, blank=True)
    committee = models.ForeignKey(
        Committee, null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    ics = models.ManyToManyField(ICS, through="DocumentICS", related_name="documents")
    # canonical key of the document this one amends or corrects
    base_identifier = models.CharField(max_length=255, blank=True, db_index=True)
    base = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="supplements"
    )
    links = models.JSONField(default=list, blank=True)
    source_id = models.CharField(max_length=255, blank=True)
    source_file = models.CharField(max_length=500, blank=True)
    # Precedence among several source records of one identifier (schema version, fetch date).
    source_rank = models.CharField(max_length=60, blank=True)
    content_hash = models.CharField(max_length=40, blank=True, db_index=True)

    class Meta:
        ordering = ["identifier"]
        indexes = [
            models.Index(fields=["publisher", "identifier"]),
            models.Index(fields=["stage", "identifier"]),
            models.Index(fields=["doctype", "identifier"]),
        ]

    def __str__(self) -> str:
        return self.identifier

    def get_absolute_url(self) -> str:
        return reverse("catalogue:document", args=[self.identifier])


class DocumentIdentifier(models.Model):
    """Every identifier a document is known by: primary, URN, reference forms."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="identifiers")
    type = models.CharField(max_length=40)
    value = models.CharField(max_length=255, db_index=True)
    primary = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["document", "position"]

    def __str__(self) -> str:
        return f"{self.type}: {self.value}"


class DocumentTitle(models.Model):
    """A title in one language; `kind` is intro, main, part or full (Relaton's `main`)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="titles")
    language = models.CharField(max_length=10, blank=True)
    kind = models.CharField(max_length=20, blank=True)
    content = models.TextField()
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["document", "position"]

    def __str__(self) -> str:
        return f"[{self.language}] {self.content}"


class DocumentICS(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE)
    ics = models.ForeignKey(ICS, null=True, on_delete=models.PROTECT, db_constraint=False)
    code = models.CharField(max_length=12, db_index=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["document", "position"]

    def __str__(self) -> str:
        return self.code


class Relation(models.Model):
    """A typed edge from a document to another, resolved when the target is held."""

    SOURCE_CHOICES = [
        ("imported", _("imported")),
        ("entered", _("entered")),
        ("inferred", _("inferred")),
    ]
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="relations")
    type = models.ForeignKey(RelationType, on_delete=models.PROTECT)
    target_identifier = models.CharField(max_length=255, db_index=True)
    target_key = models.CharField(max_length=255, db_index=True, default="")
    target = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="inbound"
    )
    source = models.CharField(max_length=20, choices=SOURCE_CHOICES, default="imported")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["document", "position"]
        unique_together = [("document", "type", "target_identifier")]

    def __str__(self) -> str:
        return f"{self.type_id} {self.target_identifier}"


class SourceRecord(models.Model):
    """Every source record already imported, by content hash: re-import skips them."""

    content_hash = models.CharField(max_length=32, primary_key=True)
    identifier = models.CharField(max_length=255, db_index=True)
    source_name = models.CharField(max_length=500)

    def __str__(self) -> str:
        return f"{self.content_hash} {self.source_name}"


class ImportRun(models.Model):
    """One run of an importer: what it read, what it changed, what it refused."""

    started = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)
    kind = models.CharField(max_length=20)
    sources = models.JSONField(default=list)
    counts = models.JSONField(default=dict)
    errors = models.JSONField(default=list)
    ok = models.BooleanField(default=False)

    class Meta:
        ordering = ["-started"]

    def __str__(self) -> str:
        return f"{self.kind} import {self.started:%Y-%m-%d %H:%M}"
