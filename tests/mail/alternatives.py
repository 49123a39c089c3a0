"""Compare the text/plain and text/html parts of one email: do they say the same thing?

"The same thing" means, precisely:
1. the same links in the same order of first appearance: http(s) URLs and email addresses,
   wherever they stand (an HTML `href`, a `mailto:` or visible text);
2. the same significant words: the set of words (lower-cased, curly quotes made straight) left
   after taking out links, minus a few words that only describe the medium ("press the button",
   "this link"), because a plain-text part has no buttons. A sentence, a name, a date, a table
   number or a call to action that is in one part and not in the other shows up as a word in
   the difference.
"""

import re
from html.parser import HTMLParser

URL = re.compile(r"https?://[^\s<>\"')]+")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
# Words that name the medium, not the content: a plain-text part has links where HTML has buttons.
MEDIUM_WORDS = frozenset({"button", "buttons", "click", "link", "links", "press", "paste"})
_BLOCKS = frozenset({"p", "br", "div", "tr", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4"})
_HIDDEN = frozenset({"style", "script", "head", "title"})


class _TextAndLinks(HTMLParser):
    """Collect what a reader sees of an HTML part, and where its links point."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.hrefs: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in _HIDDEN:
            self._hidden += 1
        if tag in _BLOCKS:
            self.chunks.append("\n")
        href = dict(attrs).get("href")
        if tag == "a" and href:
            # The link's place in reading order is where its anchor starts.
            self.chunks.append(f" {href.removeprefix('mailto:')} ")

    def handle_endtag(self, tag):
        if tag in _HIDDEN:
            self._hidden -= 1
        if tag in _BLOCKS:
            self.chunks.append("\n")

    def handle_data(self, data):
        if not self._hidden:
            self.chunks.append(data)


def html_to_text(html: str) -> str:
    """Return the visible text of `html`, with each link's target written where it starts."""
    parser = _TextAndLinks()
    parser.feed(html)
    parser.close()
    return "".join(parser.chunks)


def links_in(text: str) -> list[str]:
    """Return the distinct URLs and email addresses in `text`, in order of first appearance."""
    found = [(m.start(), m.group().rstrip(".,;:")) for m in URL.finditer(text)]
    without_urls = URL.sub(lambda m: " " * len(m.group()), text)
    found += [(m.start(), m.group().rstrip(".")) for m in EMAIL.finditer(without_urls)]
    return list(dict.fromkeys(link for _, link in sorted(found)))


def significant_words(text: str) -> set[str]:
    """Return the set of words in `text` outside links, minus words that name the medium."""
    text = EMAIL.sub(" ", URL.sub(" ", text)).replace("’", "'").lower()
    return set(WORD.findall(text)) - MEDIUM_WORDS


def part_differences(plain: str, html: str) -> list[str]:
    """Return how the plain and HTML parts differ in what they say; empty when they agree."""
    seen = html_to_text(html)
    problems = []
    plain_links, html_links = links_in(plain), links_in(seen)
    if plain_links != html_links:
        problems.append(f"links differ:\n  plain: {plain_links}\n  html:  {html_links}")
    plain_words, html_words = significant_words(plain), significant_words(seen)
    if plain_words - html_words:
        problems.append(f"only in the plain part: {sorted(plain_words - html_words)}")
    if html_words - plain_words:
        problems.append(f"only in the HTML part: {sorted(html_words - plain_words)}")
    return problems
