/* gcc-compat.h: the one place that includes GCC's internal headers.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GCC's plugin API is the compiler's own internal C++ API, and it drifts
 * between major versions.  Every plugin source includes this header and
 * nothing else from GCC, so that drift is handled here, behind
 * GCCPLUGIN_VERSION_MAJOR, and nowhere else.  The plugin is built once per
 * GCC major (configure --with-gcc); GCC 11 and 12 are tested.  The plugin
 * uses middle-end symbols only: anything from c-family is missing from lto1
 * and would make the shared object unloadable there.
 */
#ifndef MEMSCOPE_GCC_COMPAT_H
#define MEMSCOPE_GCC_COMPAT_H

#include "gcc-plugin.h"
#include "plugin-version.h"

/* plugin-version.h defines a static gcc_version; using it here keeps the
   files that do not need it free of unused-variable warnings.  */
static inline const struct plugin_gcc_version *
memscope_built_for (void)
{
  return &gcc_version;
}

/* Everything the plugin uses has the same signature in GCC 11 and 12.  One
   result differs: C++'s decl_printable_name spells std::string as
   `string` in 11 (so scope names do).  Among what it does not use yet:
   clobber kinds (12's CLOBBER_EOL, build_clobber's second argument,
   gimple_clobber_p's two-argument form) are missing from 11, and
   get_unnamed_section's callback takes a const void * in 11, a const
   char * in 12.  */
#if GCCPLUGIN_VERSION_MAJOR < 11
#error "memscope needs the plugin headers of GCC 11 or later"
#endif

#include "tm.h"
#include "function.h"
#include "basic-block.h"
#include "tree.h"
#include "tree-pass.h"
#include "intl.h"
#include "diagnostic-core.h"
#include "context.h"
#include "stringpool.h"
#include "attribs.h"
#include "varasm.h"
#include "stor-layout.h"
#include "langhooks.h"
#include "fold-const.h"
#include "tree-ssa-alias.h"
#include "gimple-expr.h"
#include "gimple.h"
#include "gimple-iterator.h"
#include "gimple-walk.h"
#include "gimple-fold.h"
#include "cgraph.h"
#include "gimplify.h"
#include "builtins.h"
#include "ggc.h"
#include "output.h"
#include "toplev.h"
#include "ssa.h"
#include "tree-phinodes.h"
#include "ssa-iterators.h"
#include "tree-ssanames.h"
#include "tree-cfg.h"
#include "cfganal.h"
#include "rtl.h"
#include "memmodel.h"
#include "emit-rtl.h"
#include "df.h"
#include "cfgrtl.h"
#include "insn-config.h"
#include "recog.h"
#include "regs.h"
#include "except.h"
#include "tm_p.h"
#include "function-abi.h"
#include "rtl-iter.h"

/* GCC 13 marks pass hooks `final override`; 12 accepts plain `override`. */
#if GCCPLUGIN_VERSION_MAJOR >= 13
#define MEMSCOPE_PASS_OVERRIDE final override
#else
#define MEMSCOPE_PASS_OVERRIDE override
#endif

#endif /* MEMSCOPE_GCC_COMPAT_H */
