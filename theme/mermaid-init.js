// Renders the page's mermaid diagrams, if it has any.
//
// The mermaid library is 2.6 MB, so it is fetched only by pages that have a
// diagram, and once there. A change of theme re-renders the diagrams in the
// matching mermaid theme, without reloading the page.
(() => {
    const diagrams = Array.from(document.querySelectorAll('pre.mermaid'));
    if (diagrams.length === 0) {
        return;
    }
    // Keep each diagram's source: mermaid replaces it with the drawing.
    for (const pre of diagrams) {
        pre.dataset.source = pre.textContent;
    }
    const darkThemes = ['ayu', 'navy', 'coal'];
    const mermaidTheme = () => {
        const classes = document.documentElement.classList;
        return darkThemes.some((t) => classes.contains(t)) ? 'dark' : 'default';
    };
    let rendered = null;
    const render = () => {
        const theme = mermaidTheme();
        if (theme === rendered) {
            return;
        }
        rendered = theme;
        for (const pre of diagrams) {
            pre.removeAttribute('data-processed');
            pre.innerHTML = '';
            pre.textContent = pre.dataset.source;
        }
        window.mermaid.initialize({ startOnLoad: false, theme });
        window.mermaid.run({ nodes: diagrams });
    };
    const script = document.createElement('script');
    script.src = path_to_root + 'assets/mermaid.min.js';
    script.onload = () => {
        render();
        // mdBook switches themes by changing the class of <html>.
        new MutationObserver(render).observe(document.documentElement, {
            attributes: true,
            attributeFilter: ['class'],
        });
    };
    document.head.appendChild(script);
})();
