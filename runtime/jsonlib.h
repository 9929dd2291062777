/* jsonlib.h: json-glib, loaded when a report is written.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Linking json-glib into every instrumented program would load it and
 * everything it needs (GObject, GIO, libmount, libselinux...) at each
 * start: twelve more libraries, milliseconds per process, which a test
 * suite that starts thousands of processes pays thousands of times.  The
 * runtime needs json-glib only to write a report, so it opens it then.
 * report.c includes this header after json-glib's own: the calls below go
 * through the table ms_json_load() fills.
 */
#ifndef MEMSCOPE_JSONLIB_H
#define MEMSCOPE_JSONLIB_H

#include <json-glib/json-glib.h>

typedef struct
{
  JsonBuilder *(*builder_new) (void);
  JsonBuilder *(*begin_object) (JsonBuilder *);
  JsonBuilder *(*end_object) (JsonBuilder *);
  JsonBuilder *(*begin_array) (JsonBuilder *);
  JsonBuilder *(*end_array) (JsonBuilder *);
  JsonBuilder *(*set_member_name) (JsonBuilder *, const char *);
  JsonBuilder *(*add_string_value) (JsonBuilder *, const char *);
  JsonBuilder *(*add_int_value) (JsonBuilder *, gint64);
  JsonBuilder *(*add_null_value) (JsonBuilder *);
  JsonBuilder *(*add_boolean_value) (JsonBuilder *, gboolean);
  JsonNode *(*get_root) (JsonBuilder *);
  void (*builder_reset) (JsonBuilder *);
  JsonGenerator *(*generator_new) (void);
  void (*generator_set_root) (JsonGenerator *, JsonNode *);
  void (*generator_set_pretty) (JsonGenerator *, gboolean);
  gchar *(*generator_to_data) (JsonGenerator *, gsize *);
  void (*node_unref) (JsonNode *);
  void (*object_unref) (gpointer);
} MsJson;

/* The table, loaded on first use; NULL (with @error set) if json-glib
 * cannot be opened. */
const MsJson *ms_json_load (GError **error);

#endif /* MEMSCOPE_JSONLIB_H */
