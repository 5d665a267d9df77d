#include "worker/protocol/plugin_types.h"

namespace tkp::worker {
namespace {

void Put(const plugin::Located& from, Located* to) {
  to->set_text(from.text);
  to->set_line(from.line);
}
plugin::Located Get(const Located& from) { return {from.text(), from.line()}; }

void Put(const plugin::Origin& from, Origin* to) {
  to->set_part(from.part);
  to->set_line_unit(from.line_unit);
  for (int line : from.page_first_lines) to->add_page_first_lines(line);
}
plugin::Origin Get(const Origin& from) {
  plugin::Origin to;
  to.part = from.part();
  to.line_unit = from.line_unit().empty() ? "line" : from.line_unit();
  to.page_first_lines.assign(from.page_first_lines().begin(),
                             from.page_first_lines().end());
  return to;
}

void Put(const plugin::RawDocument& from, RawDocument* to) {
  Put(from.origin, to->mutable_origin());
  for (const plugin::Located& name : from.region_names) {
    Put(name, to->add_region_names());
  }
  Put(from.region_code, to->mutable_region_code());
  to->set_period_year(from.period_year);
  to->set_period_quarter(from.period_quarter);
  to->set_period_line(from.period_line);
  for (const plugin::RawRow& row : from.rows) {
    RawRow* out = to->add_rows();
    out->set_region_total(row.kind == plugin::RawRow::Kind::kRegionTotal);
    out->set_line(row.line);
    out->set_name(row.name);
    for (const std::string& cell : row.cells) out->add_cells(cell);
  }
  Put(from.register_size, to->mutable_register_size());
  Put(from.stated_percent, to->mutable_stated_percent());
  for (const std::string& note : from.notes) to->add_notes(note);
  for (const plugin::Located& line : from.unread) Put(line, to->add_unread());
}

plugin::RawDocument Get(const RawDocument& from) {
  plugin::RawDocument to;
  to.origin = Get(from.origin());
  for (const Located& name : from.region_names()) {
    to.region_names.push_back(Get(name));
  }
  to.region_code = Get(from.region_code());
  to.period_year = from.period_year();
  to.period_quarter = from.period_quarter();
  to.period_line = from.period_line();
  for (const RawRow& row : from.rows()) {
    plugin::RawRow out;
    out.kind = row.region_total() ? plugin::RawRow::Kind::kRegionTotal
                                  : plugin::RawRow::Kind::kMunicipality;
    out.line = row.line();
    out.name = row.name();
    out.cells.assign(row.cells().begin(), row.cells().end());
    to.rows.push_back(std::move(out));
  }
  to.register_size = Get(from.register_size());
  to.stated_percent = Get(from.stated_percent());
  to.notes.assign(from.notes().begin(), from.notes().end());
  for (const Located& line : from.unread()) to.unread.push_back(Get(line));
  return to;
}

}  // namespace

ImporterInfo ToMessage(const plugin::ImporterInfo& info) {
  ImporterInfo out;
  out.set_name(info.name);
  out.set_version(info.version);
  out.set_description(info.description);
  for (const std::string& layout : info.layouts) out.add_layouts(layout);
  out.set_reads_bytes(info.input == plugin::ImporterInfo::Input::kBytes);
  return out;
}

plugin::ImporterInfo FromMessage(const ImporterInfo& info) {
  plugin::ImporterInfo out;
  out.name = info.name();
  out.version = info.version();
  out.description = info.description();
  out.layouts.assign(info.layouts().begin(), info.layouts().end());
  out.input = info.reads_bytes() ? plugin::ImporterInfo::Input::kBytes
                                 : plugin::ImporterInfo::Input::kText;
  return out;
}

ParseOutcome ToMessage(const plugin::ParseOutcome& outcome) {
  ParseOutcome out;
  out.set_ok(outcome.ok);
  for (const plugin::RawDocument& document : outcome.documents) {
    Put(document, out.add_documents());
  }
  Put(outcome.error_origin, out.mutable_error_origin());
  out.set_error_line(outcome.error_line);
  out.set_error(outcome.error);
  return out;
}

plugin::ParseOutcome FromMessage(const ParseOutcome& outcome) {
  plugin::ParseOutcome out;
  out.ok = outcome.ok();
  for (const RawDocument& document : outcome.documents()) {
    out.documents.push_back(Get(document));
  }
  out.error_origin = Get(outcome.error_origin());
  out.error_line = outcome.error_line();
  out.error = outcome.error();
  return out;
}

}  // namespace tkp::worker
