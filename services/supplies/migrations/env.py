from shouhu_common.migrations import run_env
from supplies.config import get_settings
from supplies.models import Base

run_env(Base.metadata, get_settings().database_url)
