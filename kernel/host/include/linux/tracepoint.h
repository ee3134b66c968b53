/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: trace events.
 *
 * Each event a trace header defines with TRACE_EVENT(), DEFINE_EVENT() and
 * their _CONDITION forms becomes an inline trace_<name>() taking the
 * event's prototype, and trace_<name>_enabled(). While the host records
 * (<trace/host_trace.h>: FENCEPOST_TRACE=FILE or host_trace_start()),
 * trace_<name>() fills the event's entry with its TP_fast_assign() and
 * writes one line in the format of the kernel's tracing/trace file, using
 * the event's TP_printk(); otherwise it only tests a flag. Only the entry
 * macros of that subset are provided: __field(), __array(), __string(),
 * __assign_str() (two arguments, as in Linux 6.1) and __get_str().
 * DECLARE_TRACE() events have no format and compile away.
 */
#ifndef _LINUX_TRACEPOINT_H
#define _LINUX_TRACEPOINT_H

#include <linux/types.h>
#include <linux/stringify.h>
#include <trace/host_trace.h>

#define EXPORT_TRACEPOINT_SYMBOL(name)		struct __host_modinfo_unused
#define EXPORT_TRACEPOINT_SYMBOL_GPL(name)	struct __host_modinfo_unused

#define PARAMS(args...)		args
#define TP_PROTO(args...)	args
#define TP_ARGS(args...)	args
#define TP_CONDITION(args...)	args

/* The parts of an event, as the host expands them. */
#define TP_STRUCT__entry(args...)	args
#define TP_fast_assign(args...)		args
#define TP_printk(fmt, args...)		fmt, ##args
#define __field(type, item)		type item;
#define __field_struct(type, item)	type item;
#define __array(type, item, len)	type item[len];
/* Formatted at once, while the source string is alive: a pointer will do. */
#define __string(item, src)		const char *item;
#define __assign_str(dst, src)		(__entry->dst = (src))
#define __get_str(field)		(__entry->field)

#define DECLARE_TRACE(name, proto, args)				\
	static inline void trace_##name(proto) { }			\
	static inline bool trace_##name##_enabled(void) { return false; }

/*
 * The class: the entry's layout and a function that fills it and writes
 * the line of event @__event. TRACE_SYSTEM is expanded here, where the
 * trace header has defined it.
 */
#define DECLARE_EVENT_CLASS(name, proto, args, tstruct, assign, print)	\
	struct __host_trace_entry_##name {				\
		tstruct							\
	};								\
	static inline void __host_trace_class_##name(const char *__event,	\
						     proto)		\
	{								\
		struct __host_trace_entry_##name __host_entry;		\
		struct __host_trace_entry_##name *__entry = &__host_entry; \
									\
		{ assign }						\
		host_trace_emit(__stringify(TRACE_SYSTEM), __event, print); \
	}

#define DEFINE_EVENT_CONDITION(template, name, proto, args, cond)	\
	static inline bool trace_##name##_enabled(void)		\
	{								\
		return host_trace_enabled();				\
	}								\
	static inline void trace_##name(proto)				\
	{								\
		if (host_trace_enabled() && (cond))			\
			__host_trace_class_##template(#name, args);	\
	}

#define DEFINE_EVENT(template, name, proto, args)			\
	DEFINE_EVENT_CONDITION(template, name, PARAMS(proto),		\
			       PARAMS(args), 1)

#define TRACE_EVENT_CONDITION(name, proto, args, cond, tstruct, assign, print) \
	DECLARE_EVENT_CLASS(name, PARAMS(proto), PARAMS(args),		\
			    PARAMS(tstruct), PARAMS(assign), PARAMS(print)) \
	DEFINE_EVENT_CONDITION(name, name, PARAMS(proto), PARAMS(args),	\
			       PARAMS(cond))

#define TRACE_EVENT(name, proto, args, tstruct, assign, print)		\
	TRACE_EVENT_CONDITION(name, PARAMS(proto), PARAMS(args), 1,	\
			      PARAMS(tstruct), PARAMS(assign), PARAMS(print))

#endif /* _LINUX_TRACEPOINT_H */
