"""'Is care for me?': an editor-built quiz whose answers point to role profiles."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField

from campaign.blocks import QuizQuestionBlock
from campaign.queries import job_search_url

from .base import BasePage


@dataclass
class QuizResult:
    roles: list = field(default_factory=list)  # RoleProfilePage, best match first
    new_to_care: bool = False
    unanswered: list[int] = field(default_factory=list)  # question numbers (1-based)

    @property
    def jobs_url(self) -> str:
        role = self.roles[0].role if self.roles and self.roles[0].role else None
        return job_search_url(role=role.slug) if role else job_search_url()


def score_quiz(questions, answers: dict[str, str]) -> QuizResult:
    """answers maps 'q1', 'q2'... to the chosen answer's index ('0', '1'...)."""
    scores: Counter = Counter()
    pages = {}
    result = QuizResult()
    for number, question in enumerate(questions, start=1):
        choice = answers.get(f"q{number}", "")
        options = question.value["answers"]
        if not choice.isdigit() or int(choice) >= len(options):
            result.unanswered.append(number)
            continue
        answer = options[int(choice)]
        if answer.get("new_to_care"):
            result.new_to_care = True
        for page in answer.get("roles") or []:
            if page and page.live:
                scores[page.pk] += 1
                pages[page.pk] = page
    # Every role the answers point to, best match first (issue 24: a registered nurse was cut off
    # by a top three).
    result.roles = [pages[pk].specific for pk, _ in scores.most_common()]
    return result


class QuizPage(BasePage):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])
    questions = StreamField([("question", QuizQuestionBlock())])
    result_intro = models.CharField(max_length=200, default="From your answers, these jobs could suit you")
    academy_text = models.CharField(
        max_length=300,
        default="You don't need experience. Your local care academy trains you for free and helps you find a job.",
    )
    academy_finder_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Where people new to care go to find their academy (e.g. the academies page).",
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("intro"),
        FieldPanel("questions"),
        FieldPanel("result_intro"),
        FieldPanel("academy_text"),
        FieldPanel("academy_finder_page"),
    ]
    parent_page_types = ["campaign.HomePage", "campaign.CampaignLandingPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "quiz page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # "submitted" comes with the form, so sending it with nothing answered asks for answers.
        submitted = "submitted" in request.GET or any(
            key.startswith("q") and key[1:].isdigit() for key in request.GET
        )
        context["submitted"] = submitted
        result = score_quiz(self.questions, request.GET) if submitted else None
        context["result"] = result
        unanswered = set(result.unanswered) if result else set()
        context["quiz_questions"] = [
            {
                "number": str(number),
                "text": question["question"],
                "hint": question.get("hint") or "",
                "unanswered": number in unanswered,
                "answers": [
                    {
                        "index": str(i),
                        "text": answer.get("text") or "",
                        "checked": request.GET.get(f"q{number}") == str(i),
                    }
                    for i, answer in enumerate(question["answers"])
                ],
            }
            for number, question in enumerate(self.question_texts(), start=1)
        ]
        return context

    def question_texts(self) -> list[dict]:
        """Each question's text, hint and answer texts, read from the stored JSON.

        The form needs nothing else, so the answers' role pages (a query) and the blocks' conversion
        wait until someone submits their answers (`score_quiz`)."""
        return [
            {
                "question": item["value"].get("question") or "",
                "hint": item["value"].get("hint"),
                "answers": [
                    answer.get("value", answer) if "type" in answer else answer  # ListBlock's two formats
                    for answer in item["value"].get("answers") or []
                ],
            }
            for item in self.questions.raw_data
            if item.get("type") == "question" and isinstance(item.get("value"), dict)
        ]
