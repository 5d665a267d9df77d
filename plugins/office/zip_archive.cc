#include "plugins/office/zip_archive.h"

namespace tkp::office {

bool LooksLikeZip(std::string_view bytes) {
  return bytes.size() >= 4 && bytes.substr(0, 4) == std::string_view("PK\3\4");
}

std::variant<ZipArchive, std::string> ZipArchive::Open(
    std::string_view bytes, const std::string& what) {
  zip_error_t zip_error;
  zip_error_init(&zip_error);
  zip_source_t* source =
      zip_source_buffer_create(bytes.data(), bytes.size(), 0, &zip_error);
  if (source == nullptr) return std::string("cannot read the zip archive");
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &zip_error);
  if (archive == nullptr) {
    zip_source_free(source);
    std::string why = zip_error_strerror(&zip_error);
    zip_error_fini(&zip_error);
    return "not a readable zip archive (" + why +
           "); is it a damaged or "
           "truncated " +
           what + "?";
  }
  return ZipArchive(archive);
}

bool ZipArchive::Has(const std::string& name) const {
  return zip_name_locate(archive_.get(), name.c_str(), 0) >= 0;
}

bool ZipArchive::Read(const std::string& name, std::string* content,
                      std::string* error) const {
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat(archive_.get(), name.c_str(), 0, &stat) != 0) return false;
  if ((stat.valid & ZIP_STAT_SIZE) == 0 || stat.size > kMaxPartBytes) {
    *error = "the part " + name + " is too large to be a table";
    return false;
  }
  zip_file_t* file = zip_fopen(archive_.get(), name.c_str(), 0);
  if (file == nullptr) {
    *error = "the part " + name + " cannot be opened (damaged?)";
    return false;
  }
  // The stated size bounds what is inflated, whatever the data holds.
  content->resize(stat.size);
  const zip_int64_t n = zip_fread(file, content->data(), stat.size);
  zip_fclose(file);
  if (n < 0 || static_cast<zip_uint64_t>(n) != stat.size) {
    *error = "the part " + name + " cannot be read (damaged?)";
    return false;
  }
  return true;
}

}  // namespace tkp::office
