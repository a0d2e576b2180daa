"""Councils and postcodes: the geography every search and routing decision stands on."""

from __future__ import annotations

from django.db import models


class LocalAuthority(models.Model):
    """A council. The 12 ADASS North East councils have in_region=True; neighbours are kept so a
    postcode just over the border can be named."""

    ons_code = models.CharField("ONS (GSS) code", max_length=9, unique=True)
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    official_name = models.CharField(max_length=200, blank=True)
    la_type = models.CharField(max_length=10, blank=True)
    icp = models.CharField("integrated care partnership", max_length=100, blank=True)
    in_region = models.BooleanField("in the North East campaign", default=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "local authority"
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return self.name


class PostcodeDistrict(models.Model):
    """An outward code (NE1, TS27) with its centroid and the council holding most of its postcodes."""

    outcode = models.CharField(max_length=4, unique=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    local_authority = models.ForeignKey(
        LocalAuthority, null=True, blank=True, on_delete=models.SET_NULL, related_name="districts"
    )
    la_code = models.CharField(max_length=9, blank=True, help_text="Majority council's GSS code")
    la_share = models.FloatField(default=1.0, help_text="Share of the district's postcodes in that council")
    other_councils = models.JSONField(default=dict, blank=True, help_text="GSS code → share")

    class Meta:
        ordering = ["outcode"]

    def __str__(self) -> str:
        return self.outcode

    @property
    def is_split(self) -> bool:
        return self.la_share < 1.0


class Postcode(models.Model):
    """A full postcode unit (NE1 4ST) with coordinates and council."""

    postcode = models.CharField(max_length=8, primary_key=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    la_code = models.CharField(max_length=9, db_index=True)

    class Meta:
        ordering = ["postcode"]

    def __str__(self) -> str:
        return self.postcode
