from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Debate, Dossier, Ministry, Party, Person, PersonRole, Recess, StaffProfile
from .permissions import may_use_reference_data


class ReferenceDataAdmin(admin.ModelAdmin):
    """Ministries, parties, people, dossiers and debates: staff who edit motions, commitments or
    letters may look them up (the forms' search-as-you-type pickers ask this admin's view
    permission); changing them stays with whoever holds the permission for it."""

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or may_use_reference_data(request.user)


@admin.register(Ministry)
class MinistryAdmin(ReferenceDataAdmin):
    list_display = ("name", "abbreviation", "parliamentary_affairs_email")
    search_fields = ("name", "abbreviation")


@admin.register(Party)
class PartyAdmin(ReferenceDataAdmin):
    list_display = ("abbreviation", "name")
    search_fields = ("name", "abbreviation")


class PersonRoleInline(admin.TabularInline):
    model = PersonRole
    extra = 0
    autocomplete_fields = ("party", "ministry")


@admin.register(Person)
class PersonAdmin(ReferenceDataAdmin):
    list_display = ("display_name", "party")
    list_filter = ("party",)
    search_fields = ("surname", "initials", "first_name")
    autocomplete_fields = ("party",)
    inlines = [PersonRoleInline]


@admin.register(Dossier)
class DossierAdmin(ReferenceDataAdmin):
    list_display = ("display_number", "title")
    search_fields = ("number", "title")


@admin.register(Debate)
class DebateAdmin(ReferenceDataAdmin):
    list_display = ("title", "date", "kind")
    date_hierarchy = "date"
    search_fields = ("title", "activity_number")


@admin.register(Recess)
class RecessAdmin(admin.ModelAdmin):
    list_display = ("kind", "year", "start", "end")
    list_filter = ("kind", "year")


class StaffProfileInline(admin.StackedInline):
    model = StaffProfile
    can_delete = False
    verbose_name_plural = _("ministerie")


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [StaffProfileInline]
    list_display = (*BaseUserAdmin.list_display, "ministry")
    list_select_related = ("staff_profile__ministry",)

    @admin.display(description=_("ministerie"))
    def ministry(self, user):
        profile = getattr(user, "staff_profile", None)
        return profile.ministry.abbreviation if profile else ""
