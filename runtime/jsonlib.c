/* jsonlib.c: json-glib, loaded when a report is written (see jsonlib.h).
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <dlfcn.h>

#include "jsonlib.h"

#define MS_JSON_SONAME "libjson-glib-1.0.so.0"

static MsJson ms_json;
static gboolean ms_json_ready;

const MsJson *
ms_json_load (GError **error)
{
  static const struct
  {
    const char *name;
    gsize offset;
  } symbols[] = {
#define SYM(field, name) { name, G_STRUCT_OFFSET (MsJson, field) }
    SYM (builder_new, "json_builder_new"),
    SYM (begin_object, "json_builder_begin_object"),
    SYM (end_object, "json_builder_end_object"),
    SYM (begin_array, "json_builder_begin_array"),
    SYM (end_array, "json_builder_end_array"),
    SYM (set_member_name, "json_builder_set_member_name"),
    SYM (add_string_value, "json_builder_add_string_value"),
    SYM (add_int_value, "json_builder_add_int_value"),
    SYM (add_null_value, "json_builder_add_null_value"),
    SYM (add_boolean_value, "json_builder_add_boolean_value"),
    SYM (get_root, "json_builder_get_root"),
    SYM (builder_reset, "json_builder_reset"),
    SYM (generator_new, "json_generator_new"),
    SYM (generator_set_root, "json_generator_set_root"),
    SYM (generator_set_pretty, "json_generator_set_pretty"),
    SYM (generator_to_data, "json_generator_to_data"),
    SYM (node_unref, "json_node_unref"),
    SYM (object_unref, "g_object_unref"),
#undef SYM
  };
  void *lib;
  gsize i;

  if (ms_json_ready)
    return &ms_json;
  /* RTLD_NODELETE: the report at exit may run after a dlclose elsewhere. */
  lib = dlopen (MS_JSON_SONAME, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
  if (lib == NULL)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, "cannot load %s to write the report: %s",
                   MS_JSON_SONAME, dlerror ());
      return NULL;
    }
  for (i = 0; i < G_N_ELEMENTS (symbols); i++)
    {
      void *fn = dlsym (lib, symbols[i].name);

      if (fn == NULL)
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, "cannot load %s to write the report: %s",
                       MS_JSON_SONAME, dlerror ());
          return NULL;
        }
      G_STRUCT_MEMBER (void *, &ms_json, symbols[i].offset) = fn;
    }
  ms_json_ready = TRUE;
  return &ms_json;
}
