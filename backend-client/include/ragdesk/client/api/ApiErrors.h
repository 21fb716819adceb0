#pragma once

#include "ragdesk/client/api/HttpClient.h"
#include "ragdesk/client/common/Error.h"

namespace ragdesk::client::api {

/// Turns a non-success response into an Error, reading all three error shapes of the API: a string
/// `detail`, a validation `detail` array (one FieldError per item), and the plain-text 500 body.
Error errorFromResponse(const HttpResponse& response);

} // namespace ragdesk::client::api
