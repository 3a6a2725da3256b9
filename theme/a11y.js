// Accessibility repairs to mdBook 0.5.4's page chrome, each for a fault that
// axe-core finds on every page of a plain mdBook (the book's browser test
// checks every page with it; see tests/checks/browser.rs). The colour
// repairs are in book.css.
(() => {
    // The sidebar toggle is a <label> for a hidden checkbox, carrying
    // aria-label, aria-controls and (once toggled) aria-expanded, which a
    // label may not carry (axe: aria-allowed-attr, critical, and
    // aria-prohibited-attr, serious). It acts as a button, so it becomes
    // one: role "button", which allows those attributes, and, as a button
    // must be, reachable with Tab and pressed with Enter or Space (the
    // hidden checkbox cannot take the focus, so until now the keyboard could
    // not open the sidebar at all).
    const toggle = document.getElementById('mdbook-sidebar-toggle');
    if (toggle) {
        toggle.setAttribute('role', 'button');
        toggle.tabIndex = 0;
        toggle.setAttribute(
            'aria-expanded',
            document.documentElement.classList.contains('sidebar-visible'),
        );
        toggle.addEventListener('keydown', (event) => {
            if (event.key === 'Enter' || event.key === ' ') {
                event.preventDefault();
                // Clicking the label flips the checkbox; mdBook does the rest.
                toggle.click();
            }
        });
    }

    // A code block or program output wider than the page scrolls sideways,
    // which a keyboard can do only to an element it can focus (axe:
    // scrollable-region-focusable, serious). Each one that overflows, and
    // only those, takes the focus; it is checked again whenever its size
    // changes: a narrower window, or the output of a Run button appearing.
    const focusableIfScrolling = (region) => {
        const scrolls = region.scrollWidth > region.clientWidth;
        if (scrolls && !region.hasAttribute('tabindex')) {
            region.tabIndex = 0;
            region.dataset.scrollFocus = '';
        } else if (!scrolls && 'scrollFocus' in region.dataset) {
            region.removeAttribute('tabindex');
            delete region.dataset.scrollFocus;
        }
    };
    const watcher = new ResizeObserver((entries) => {
        for (const entry of entries) {
            entry.target.querySelectorAll(':scope > code').forEach(focusableIfScrolling);
            if (entry.target.classList.contains('table-wrapper')) {
                focusableIfScrolling(entry.target);
            }
        }
    });
    document
        .querySelectorAll('.content pre, .content .table-wrapper')
        .forEach((container) => watcher.observe(container));

    // An editable block (an exercise's starter) is an Ace editor, whose
    // keyboard input goes through a <textarea> without a label (axe: label,
    // critical): a screen reader would announce an unnamed text field. The
    // editors are made by book.js, before or after this script runs, so
    // this labels them now and once the page has loaded.
    const labelEditors = () => {
        document.querySelectorAll('.ace_editor textarea.ace_text-input').forEach((input) => {
            if (!input.hasAttribute('aria-label')) {
                input.setAttribute('aria-label', 'Program, editable: change it and press Run');
            }
        });
    };
    labelEditors();
    window.addEventListener('load', labelEditors);
})();
