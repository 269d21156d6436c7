"""Ingest, step 4: remove what identifies a source; names become placeholders, or their sentence goes.

Corpus text is reused in other schools' documents, so a source's school, people, places,
local organisations, document numbers, years and one school's figures must not survive in
reusable text.  Where a profile field fits, the name becomes a placeholder such as
``{学校名称}`` (config.PLACEHOLDERS); where none fits, the sentence (or the clause ending in
"；") is dropped and a short Chinese note says why.  Sentences bound to their original
occasion (刚才…讲了, 会后参观, 下面请…), written for a whole province or county, or carrying a
dated slogan are dropped the same way.

The name rules: ``schools``, ``places`` and ``people`` detect names over jieba tokens
(``lexicon``, with the shared ``words``), ``names`` combines them with what ``learn`` found in
the whole file, ``placeholders`` puts profile fields in their place.  The sentence rules:
``sentences`` decides for one sentence or clause, ``sections`` rewrites a file's sections.
``contexts`` finds people by where they stand, ``gazetteer`` reads a place-name table,
``organisations`` finds companies, ``dated`` reads the dated formulas, and ``review`` lists
the possible names left for a person to check.
"""

from .lexicon import lexicon
from .review import PossibleName, possible_names
from .sections import anonymize

__all__ = ["PossibleName", "anonymize", "lexicon", "possible_names"]
