"""The shapes of scrutiny panels in the API: panels with their members by
reference and standing (never by name), meetings, review packs as the panel
reads them, members' views and findings."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from charging.panels.models import (
    Criterion,
    Finding,
    Panel,
    PanelMeeting,
    PanelMember,
    Reasonable,
    Recommendation,
    ReviewPack,
    Theme,
)


class _ForceSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


class PanelMemberSerializer(serializers.ModelSerializer[PanelMember]):
    standing_display = serializers.CharField(source="get_standing_display", read_only=True)

    class Meta:
        model = PanelMember
        fields = ["reference", "standing", "standing_display"]


class PanelSerializer(serializers.ModelSerializer[Panel]):
    name = serializers.CharField(source="organisation.name", read_only=True)
    cps_area = serializers.CharField(source="cps_area.name", read_only=True)
    undertaken = serializers.BooleanField(
        source="seat_undertaken",
        read_only=True,
        help_text="Whether you have recorded the current confidentiality undertaking.",
    )

    class Meta:
        model = Panel
        fields = ["id", "name", "cps_area", "undertaken"]


class PanelDetailSerializer(PanelSerializer):
    forces = _ForceSerializer(many=True, read_only=True)
    chair = serializers.SerializerMethodField(help_text="The chair's reference on the panel.")
    members = PanelMemberSerializer(many=True, read_only=True)

    class Meta(PanelSerializer.Meta):
        fields = [*PanelSerializer.Meta.fields, "terms_of_reference", "forces", "chair", "members"]

    def get_chair(self, panel: Panel) -> str | None:
        chair = next((m for m in panel.members.all() if m.user_id == panel.chair_id), None)
        return chair.reference if chair else None


class MeetingSerializer(serializers.ModelSerializer[PanelMeeting]):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    packs_released = serializers.IntegerField(source="released", read_only=True)

    class Meta:
        model = PanelMeeting
        fields = [
            "id",
            "held_on",
            "theme",
            "status",
            "status_display",
            "packs_released",
            "minutes",
            "key_messages",
        ]


class MeetingCreateSerializer(serializers.Serializer[Any]):
    held_on = serializers.DateField()
    theme = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)


class FindingSerializer(serializers.ModelSerializer[Finding]):
    responded = serializers.SerializerMethodField()

    class Meta:
        model = Finding
        fields = [
            "reasonable",
            "scores",
            "themes",
            "good_practice",
            "learning_points",
            "recommendation",
            "recorded_at",
            "response",
            "responded",
        ]

    def get_responded(self, finding: Finding) -> bool:
        return finding.responded_at is not None


class ReviewPackSummarySerializer(serializers.ModelSerializer[ReviewPack]):
    """A pack in a list: which it is, not what it says (read one to read it,
    and the read is audited with the reader's reference)."""

    meeting = serializers.IntegerField(source="meeting_id", read_only=True)
    finding_recorded = serializers.SerializerMethodField()

    class Meta:
        model = ReviewPack
        fields = [
            "id",
            "meeting",
            "number",
            "version",
            "status",
            "decision_kind",
            "finding_recorded",
        ]

    def get_finding_recorded(self, pack: ReviewPack) -> bool:
        return getattr(pack, "finding", None) is not None


class ReviewPackSerializer(serializers.ModelSerializer[ReviewPack]):
    """A pack as the panel reads it: its facts (roles, pseudonyms, days from
    the report) and its passages as accepted. Never the case."""

    meeting = serializers.IntegerField(source="meeting_id", read_only=True)
    passages = serializers.SerializerMethodField()
    finding = serializers.SerializerMethodField()

    class Meta:
        model = ReviewPack
        fields = [
            "id",
            "meeting",
            "number",
            "version",
            "status",
            "decision_kind",
            "facts",
            "passages",
            "finding",
        ]

    def get_passages(self, pack: ReviewPack) -> list[dict[str, str]]:
        return [
            {"label": p["label"], "text": p["accepted"]} for p in pack.passages if p["accepted"]
        ]

    def get_finding(self, pack: ReviewPack) -> dict[str, Any] | None:
        finding = getattr(pack, "finding", None)
        return dict(FindingSerializer(finding).data) if finding else None


class MemberViewSerializer(serializers.Serializer[Any]):
    view = serializers.CharField()


class FindingRecordSerializer(serializers.Serializer[Any]):
    reasonable = serializers.ChoiceField(choices=Reasonable.choices)
    scores = serializers.DictField(
        child=serializers.IntegerField(min_value=1, max_value=5),
        help_text="A score from 1 to 5 for each criterion: " + ", ".join(Criterion.values),
    )
    themes = serializers.ListField(
        child=serializers.ChoiceField(choices=Theme.choices), required=False, default=list
    )
    good_practice = serializers.CharField(required=False, default="", allow_blank=True)
    learning_points = serializers.CharField(required=False, default="", allow_blank=True)
    recommendation = serializers.ChoiceField(
        choices=Recommendation.choices, required=False, default=Recommendation.NONE
    )
