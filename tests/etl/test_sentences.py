from etl.sentences import sentence_index, split_sentences


def test_abbreviations_and_initials_do_not_end_sentences():
    text = "Gen. Mark Milley said the U.S. would leave. The U.N. envoy spoke. J. Smith agreed."
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "Gen. Mark Milley said the U.S. would leave.",
        "The U.N. envoy spoke.",
        "J. Smith agreed.",
    ]


def test_line_breaks_end_sentences_and_offsets_index_the_text():
    text = "Header line\n\nFirst one. Second one?\nThird"
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == ["Header line", "First one.", "Second one?", "Third"]
    assert sentence_index(spans, text.index("Second")) == 2
