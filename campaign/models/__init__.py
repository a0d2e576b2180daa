from .areas import AcademyIndexPage, AcademyPage, AreaIndexPage, AreaPage
from .checks import PlainEnglishSettings
from .content import ArticlePage, ContactFormField, ContactPage, ContentPage, FAQPage, NewsIndexPage
from .events import EventIndexPage, EventPage, EventRegistration
from .home import CampaignLandingPage, HomePage
from .links import CampaignLink
from .quiz import QuizPage
from .roles import RoleIndexPage, RoleProfilePage
from .stories import StoryIndexPage, StoryPage

__all__ = [
    "AcademyIndexPage",
    "AcademyPage",
    "AreaIndexPage",
    "AreaPage",
    "ArticlePage",
    "CampaignLandingPage",
    "CampaignLink",
    "ContactFormField",
    "ContactPage",
    "ContentPage",
    "EventIndexPage",
    "EventPage",
    "EventRegistration",
    "FAQPage",
    "HomePage",
    "NewsIndexPage",
    "PlainEnglishSettings",
    "QuizPage",
    "RoleIndexPage",
    "RoleProfilePage",
    "StoryIndexPage",
    "StoryPage",
]
