#include "server/queries/municipality_identity.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "core/name_normalizer.h"

namespace tkp {

std::string MunicipalityCodeOf(const v1::Municipality& municipality,
                               const v1::RegionFigures& publication,
                               const RegionCatalog& regions,
                               const MunicipalityCatalog& municipalities) {
  if (!municipality.code().empty()) return municipality.code();
  const std::optional<ResolvedMunicipality> resolved =
      municipalities.Resolve(municipality.name(), publication.period().year(),
                             regions.CodesOf(publication.region().key()));
  return resolved ? resolved->municipality.gm_code : std::string();
}

std::string MunicipalityKeyOf(const v1::Municipality& municipality,
                              const v1::RegionFigures& publication,
                              const RegionCatalog& regions,
                              const MunicipalityCatalog& municipalities) {
  std::string code =
      MunicipalityCodeOf(municipality, publication, regions, municipalities);
  if (!code.empty()) return code;
  return absl::StrCat("name:", NormalizeName(municipality.name()));
}

}  // namespace tkp
