// Draws the page's mermaid diagrams, if it has any.
//
// The mermaid library weighs 2.6 MB, so only a page with a diagram fetches
// it, once. When the reader picks another theme, the diagrams are drawn
// again in the matching mermaid theme, without reloading the page.
//
// Each diagram records how it was last drawn, for readers' tools and for
// the book's browser test: data-mermaid-theme="default" or "dark" once
// drawn, data-mermaid-error="..." if mermaid could not draw it.
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
    const wantedTheme = () => {
        const classes = document.documentElement.classList;
        return darkThemes.some((t) => classes.contains(t)) ? 'dark' : 'default';
    };

    let drawnTheme = null;
    const drawAll = async () => {
        const theme = wantedTheme();
        if (theme === drawnTheme) {
            return;
        }
        drawnTheme = theme;
        // In the dark theme, mermaid puts edge labels (#ccc) on #585858:
        // 4.4:1, under the 4.5:1 text needs (axe: color-contrast). A darker
        // grey gives 6.5:1.
        const themeVariables = theme === 'dark' ? { edgeLabelBackground: '#404040' } : {};
        window.mermaid.initialize({ startOnLoad: false, theme, themeVariables });
        // One at a time, so that a broken diagram spoils only itself.
        for (const pre of diagrams) {
            pre.removeAttribute('data-processed');
            delete pre.dataset.mermaidTheme;
            delete pre.dataset.mermaidError;
            pre.textContent = pre.dataset.source;
            try {
                await window.mermaid.run({ nodes: [pre] });
                pre.dataset.mermaidTheme = theme;
            } catch (error) {
                pre.dataset.mermaidError = String(error && error.message ? error.message : error);
                console.error('mermaid could not draw a diagram:', pre.dataset.mermaidError);
            }
        }
    };
    // Drawings queue up, so that a theme change during a drawing waits for
    // it to end instead of interleaving with it.
    let drawing = Promise.resolve();
    const draw = () => {
        drawing = drawing.then(drawAll);
    };

    const script = document.createElement('script');
    script.src = path_to_root + 'assets/mermaid.min.js';
    script.onload = () => {
        draw();
        // mdBook changes themes by changing the classes of <html>.
        new MutationObserver(draw).observe(document.documentElement, {
            attributes: true,
            attributeFilter: ['class'],
        });
    };
    document.head.appendChild(script);
})();
