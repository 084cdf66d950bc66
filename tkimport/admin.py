from django.contrib import admin

from .models import ImportRun, TkCheckpoint


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ("started_at", "finished_at", "source", "interrupted")
    readonly_fields = ("started_at", "finished_at", "source", "stats", "problems", "interrupted")

    def has_add_permission(self, request):
        return False


@admin.register(TkCheckpoint)
class TkCheckpointAdmin(admin.ModelAdmin):
    list_display = ("entity", "since", "pages_done", "updated_at")
    readonly_fields = ("entity", "since", "next_url", "run_started", "pages_done")

    def has_add_permission(self, request):
        return False
