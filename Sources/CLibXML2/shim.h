// C interop for HawalaIngest's goAML reader: libxml2's SAX push parser (Debian libxml2-dev,
// pkg-config libxml-2.0), with static inline helpers for what Swift cannot import directly.
#ifndef HAWALA_CLIBXML2_SHIM_H
#define HAWALA_CLIBXML2_SHIM_H

// Debian's libxml2 is built with ICU, and its encoding.h then includes <unicode/ucnv.h>,
// whose UErrorCode clashes with Foundation's own ICU module. Nothing here uses ICU types:
// only the tail of xmlCharEncodingHandler (pointers Swift never touches) depends on it.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlversion.h>

/// XML_SAX2_MAGIC: marks a handler as SAX2-sized, so libxml2 uses its structured error callback.
static inline unsigned int hawala_xml_sax2_magic(void) { return XML_SAX2_MAGIC; }

/// The parser's current line (1-based), or 0 when it has no input.
static inline int hawala_xml_line(xmlParserCtxtPtr ctxt) {
    return (ctxt != NULL && ctxt->input != NULL) ? ctxt->input->line : 0;
}

/// The parser's current column (1-based), or 0 when it has no input.
static inline int hawala_xml_column(xmlParserCtxtPtr ctxt) {
    return (ctxt != NULL && ctxt->input != NULL) ? ctxt->input->col : 0;
}

/// Whether the document parsed so far is well formed (1) or not (0).
static inline int hawala_xml_well_formed(xmlParserCtxtPtr ctxt) { return ctxt != NULL ? ctxt->wellFormed : 0; }

/// libxml2's default limit on element nesting (xmlParserMaxDepth without XML_PARSE_HUGE).
static inline unsigned int hawala_xml_default_max_depth(void) { return xmlParserMaxDepth; }

#endif
