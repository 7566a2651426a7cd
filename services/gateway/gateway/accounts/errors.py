from shouhu_common.problems import Conflict, NotAuthenticated, NotFound, ProblemError


class BadCredentials(NotAuthenticated):
    slug = "bad-credentials"
    title_zh, title_en = "用户名或密码错误", "Wrong username or password"


class AccountLocked(ProblemError):
    status, slug = 423, "account-locked"
    title_zh, title_en = (
        "登录失败次数过多，账号已暂时锁定",
        "Too many failed sign-ins: account locked",
    )


class UsernameTaken(Conflict):
    slug = "username-taken"
    title_zh, title_en = "用户名已存在", "Username already taken"


class NotAStaffRole(ProblemError):
    status, slug = 422, "not-a-staff-role"
    title_zh, title_en = "该角色不能用于工作人员账号", "This role is not for staff accounts"


class UserNotFound(NotFound):
    slug = "user-not-found"
    title_zh, title_en = "账号不存在", "Account not found"


class NotYourself(Conflict):
    slug = "not-yourself"
    title_zh, title_en = "不能对自己的账号执行此操作", "Not on your own account"
