'use strict';
// Kamertracker's additions to Django's admin scripts. The search-as-you-type pickers (select2, Django's
// autocomplete_fields) name their combobox after the chosen value only, so an empty picker has no
// accessible name: point it at the field's label as well. Pickers appear when the page loads and when
// an inline row is added, so a MutationObserver labels each one as it appears.
{
    function labelPickers() {
        document.querySelectorAll('select.admin-autocomplete').forEach((select) => {
            const container = select.nextElementSibling;
            if (!container || !container.classList.contains('select2')) {
                return;
            }
            const label = select.id && document.querySelector(`label[for="${CSS.escape(select.id)}"]`);
            if (!label) {
                return;
            }
            if (!label.id) {
                label.id = `${select.id}-label`;
            }
            // A picker of several (a many-to-many field) types into an inline search box of its own.
            container.querySelectorAll('[role="combobox"], [role="textbox"], input.select2-search__field').forEach((box) => {
                const own = (box.getAttribute('aria-labelledby') || '').split(' ').filter((id) => id && id !== label.id);
                const ids = [label.id, ...own.filter((id) => id !== box.id)].join(' ');
                if (box.getAttribute('aria-labelledby') !== ids) {
                    box.setAttribute('aria-labelledby', ids);
                }
            });
        });
    }
    // A wide tabular inline scrolls inside its box (admin.css). A box that scrolls and holds nothing to
    // focus (a timeline, read only) takes the focus itself, so keyboard users can scroll it too.
    function focusableScrollBoxes() {
        document.querySelectorAll('.inline-group .tabular fieldset.module').forEach((box) => {
            const scrolls = box.scrollWidth > box.clientWidth;
            const hasFocusable = box.querySelector('a[href], input:not([type=hidden]), select, textarea, button');
            if (scrolls && !hasFocusable) {
                box.setAttribute('tabindex', '0');
            } else if (box.getAttribute('tabindex') === '0') {
                box.removeAttribute('tabindex');
            }
        });
    }

    // The browser's time zone for the server (accounts/middleware.py), so the admin shows and reads
    // times in the zone of the staff member's clock instead of warning that it differs.
    function rememberTimeZone() {
        const script = document.querySelector('script[data-admin-root]');
        const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
        if (script && zone && /^[A-Za-z0-9_+\-/]{1,64}$/.test(zone)) {  // IANA names need no escaping
            const secure = location.protocol === 'https:' ? '; Secure' : '';
            document.cookie = `kt_tz=${zone}; path=${script.dataset.adminRoot}; max-age=31536000; SameSite=Lax${secure}`;
        }
    }

    // Django renumbers the ids of an added inline row but not its aria-describedby (still __prefix__).
    document.addEventListener('formset:added', (event) => {
        const index = event.target.id.split('-').pop();
        event.target.querySelectorAll('[aria-describedby*="__prefix__"]').forEach((field) => {
            field.setAttribute('aria-describedby', field.getAttribute('aria-describedby').replaceAll('__prefix__', index));
        });
    });

    rememberTimeZone();
    new MutationObserver(labelPickers).observe(document.documentElement, {childList: true, subtree: true});
    document.addEventListener('DOMContentLoaded', () => {
        labelPickers();
        focusableScrollBoxes();
    });
    window.addEventListener('resize', focusableScrollBoxes);
}
